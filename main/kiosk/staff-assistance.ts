import { randomUUID } from 'node:crypto';

/*
 * The way out for a visitor who cannot do the challenge (cannot turn their head, cannot see the
 * screen well): they ask for staff, staff see the request in the panel and settle it, checked in
 * by staff or not. It is recorded as a staff-assisted check, never as a liveness pass: nothing here
 * touches the engine's verdict, and the journal's record of it says live: false.
 */

export const ASSISTANCE_OUTCOMES = ['checked_in', 'not_checked_in'] as const;
export type AssistanceOutcome = (typeof ASSISTANCE_OUTCOMES)[number];
/** waiting for staff; settled by staff (an outcome); withdrawn by the visitor before staff came. */
export type AssistanceState = 'waiting' | AssistanceOutcome | 'withdrawn';

export interface AssistanceRequest {
  readonly id: string;
  /** Wall-clock time of the request, ms since the epoch. */
  readonly askedAt: number;
  /** The attempt the visitor was in (or had just finished) when they asked; null from the welcome screen. */
  readonly afterAttempt: string | null;
  readonly state: AssistanceState;
  /** When staff settled it or the visitor withdrew it; null while waiting. */
  readonly endedAt: number | null;
}

export type SettleResult =
  | { readonly ok: true; readonly request: AssistanceRequest }
  | { readonly ok: false; readonly code: 'unknown_request' | 'not_waiting'; readonly message: string };

export interface StaffAssistanceOptions {
  readonly clock?: () => number;
  readonly newId?: () => string;
  /** Told of each request staff settled (the journal records it). */
  readonly onSettled?: (request: AssistanceRequest) => void;
  readonly log?: (event: string, detail: Record<string, unknown>) => void;
}

/** Requests kept for the visitor screen's status calls: one kiosk, one visitor at a time. */
const KEPT = 8;

export class StaffAssistance {
  private requests: AssistanceRequest[] = [];

  constructor(private readonly options: StaffAssistanceOptions = {}) {}

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  /** The request staff have not answered yet, if any. */
  get waiting(): AssistanceRequest | null {
    return this.requests.find((r) => r.state === 'waiting') ?? null;
  }

  /**
   * A visitor asks for staff. While a request is waiting, asking again returns it: staff are
   * already on their way, and one kiosk has one visitor.
   */
  ask(afterAttempt: string | null): AssistanceRequest {
    const open = this.waiting;
    if (open) return open;
    const request: AssistanceRequest = {
      id: (this.options.newId ?? randomUUID)(),
      askedAt: this.now(),
      afterAttempt,
      state: 'waiting',
      endedAt: null,
    };
    this.requests = [...this.requests, request].slice(-KEPT);
    this.options.log?.('assistance.asked', { id: request.id, afterAttempt });
    return request;
  }

  status(id: string): AssistanceRequest | null {
    return this.requests.find((r) => r.id === id) ?? null;
  }

  /** The visitor no longer needs help; a request staff already settled stays as it was. */
  withdraw(id: string): AssistanceRequest | null {
    const request = this.status(id);
    if (!request || request.state !== 'waiting') return request;
    const withdrawn = this.replace(request, { state: 'withdrawn', endedAt: this.now() });
    this.options.log?.('assistance.withdrawn', { id, waitedMs: withdrawn.endedAt! - request.askedAt });
    return withdrawn;
  }

  /** Staff settle a waiting request: the visitor's screen shows the outcome and the journal keeps it. */
  settle(id: string, outcome: AssistanceOutcome): SettleResult {
    const request = this.status(id);
    if (!request)
      return { ok: false, code: 'unknown_request', message: 'There is no such visitor request any more.' };
    if (request.state !== 'waiting')
      return {
        ok: false,
        code: 'not_waiting',
        message:
          request.state === 'withdrawn'
            ? 'The visitor withdrew this request before it was answered.'
            : 'This request was already answered.',
      };
    const settled = this.replace(request, { state: outcome, endedAt: this.now() });
    this.options.log?.('assistance.settled', { id, outcome, waitedMs: settled.endedAt! - request.askedAt });
    this.options.onSettled?.(settled);
    return { ok: true, request: settled };
  }

  private replace(
    request: AssistanceRequest,
    change: Pick<AssistanceRequest, 'state' | 'endedAt'>,
  ): AssistanceRequest {
    const next = { ...request, ...change };
    this.requests = this.requests.map((r) => (r === request ? next : r));
    return next;
  }
}
