/**
 * The route label of a request path: the template it matches (`/api/v1/blocks/:number`), so that one route
 * is one label value whatever its parameters, and whether it was answered by its handler or refused before
 * it (401, 429, 415…). A template ending in `/*` covers everything under it (static assets); a path that
 * matches no template is `unmatched`.
 */
export function routeLabeler(templates: readonly string[]): (path: string) => string {
  const compiled = [...new Set(templates)]
    .map((template) => ({ template, pattern: compile(template), params: (template.match(/:|\*/g) ?? []).length }))
    // Literal segments win over parameters (`/evidence/files` before `/evidence/:hash`), as the routers
    // mounted first win in Express.
    .sort((a, b) => a.params - b.params);
  // A template without `*` matches only paths of as many segments as it has: each path is tried against
  // those and the `*` templates, in the same order (made once per segment count).
  const segments = (text: string): number => text.split('/').length;
  const longest = Math.max(0, ...compiled.map((c) => segments(c.template)));
  const bySegments = new Map<number, typeof compiled>();
  const candidates = (count: number): typeof compiled => {
    const key = Math.min(count, longest + 1);
    let list = bySegments.get(key);
    if (!list) {
      list = compiled.filter((c) => c.template.includes('*') || segments(c.template) === key);
      bySegments.set(key, list);
    }
    return list;
  };
  return (path) => {
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    return candidates(segments(trimmed)).find((c) => c.pattern.test(trimmed))?.template ?? 'unmatched';
  };
}

function compile(template: string): RegExp {
  const escaped = template
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // `/x/*` also matches `/x` itself.
  return new RegExp(`^${escaped.replace(/\/\.\*$/, '(?:/.*)?')}$`);
}
