import { useEffect, useState } from 'preact/hooks';

/** The explorer's pages, addressed by the URL fragment (`#/blocks/12`), so the gateway serves one page. */
export type RouteMatch =
  | { readonly page: 'dashboard' }
  | { readonly page: 'blocks'; readonly before?: string }
  | { readonly page: 'block'; readonly number: string }
  | { readonly page: 'transaction'; readonly id: string }
  | { readonly page: 'search'; readonly query: string }
  | { readonly page: 'evidence'; readonly hash?: string }
  | { readonly page: 'network' };

export function parseRoute(hash: string): RouteMatch {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const params = new URLSearchParams(query);
  const [first, second] = parts;
  switch (first) {
    case 'blocks': {
      if (second !== undefined) return { page: 'block', number: second };
      const before = params.get('before');
      return before === null ? { page: 'blocks' } : { page: 'blocks', before };
    }
    case 'tx':
      return second === undefined ? { page: 'dashboard' } : { page: 'transaction', id: second };
    case 'search':
      return { page: 'search', query: second ?? '' };
    case 'evidence':
      return second === undefined ? { page: 'evidence' } : { page: 'evidence', hash: second };
    case 'network':
      return { page: 'network' };
    default:
      return { page: 'dashboard' };
  }
}

/** The current route, following `hashchange`. */
export function useRoute(): RouteMatch {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = (): void => {
      setRoute(parseRoute(location.hash));
    };
    addEventListener('hashchange', update);
    return () => {
      removeEventListener('hashchange', update);
    };
  }, []);
  return route;
}

export function go(hash: string): void {
  location.hash = hash;
}
