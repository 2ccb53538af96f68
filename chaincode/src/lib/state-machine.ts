import { fail } from './errors';

/** One row of a transition table: the action is allowed from any of `from` and leads to `to`. */
export interface Transition<S extends string> {
  readonly from: readonly S[];
  readonly to: S;
}

/** An entity's states and its explicit transition table, keyed by action. */
export interface StateMachine<S extends string, A extends string> {
  /** The entity name used in errors, e.g. `settlement`. */
  readonly entity: string;
  readonly states: Readonly<Record<S, S>>;
  readonly transitions: Readonly<Record<A, Transition<S>>>;
}

/**
 * Defines a state machine; the types tie the table to the `as const` maps of states and actions.
 *
 * @example
 * ```ts
 * const Door = defineStateMachine('door', { OPEN: 'OPEN', SHUT: 'SHUT' } as const, {
 *   CLOSE: { from: ['OPEN'], to: 'SHUT' },
 *   OPEN: { from: ['SHUT'], to: 'OPEN' },
 * });
 * nextState(Door, 'OPEN', 'CLOSE'); // 'SHUT'
 * ```
 */
export function defineStateMachine<S extends string, A extends string>(
  entity: string,
  states: Readonly<Record<S, S>>,
  transitions: Readonly<Record<A, Transition<S>>>,
): StateMachine<S, A> {
  return { entity, states, transitions };
}

/** Whether `action` is allowed in state `current`. */
export function canTransition<S extends string, A extends string>(
  machine: StateMachine<S, A>,
  current: S,
  action: A,
): boolean {
  return machine.transitions[action].from.includes(current);
}

/** The state `action` leads to from `current`; ILLEGAL_STATE when the table does not allow it. */
export function nextState<S extends string, A extends string>(machine: StateMachine<S, A>, current: S, action: A): S {
  const transition = machine.transitions[action];
  if (!transition.from.includes(current)) {
    throw fail.illegalState(`${machine.entity} in state ${current} does not allow ${action}`, {
      entity: machine.entity,
      state: current,
      action,
      allowedFrom: transition.from,
    });
  }
  return transition.to;
}
