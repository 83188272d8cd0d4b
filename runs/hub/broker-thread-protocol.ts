/** Messages between a hub load run and its broker thread (./broker-thread.ts, ./broker-thread-main.ts). */

export interface BrokerThreadData {
  readonly hubPassword: string;
  readonly deviceToken: string;
  readonly logLevel: string;
}

/** The parent sends one message only: close. */
export type FromBrokerThread =
  | { readonly type: 'listening'; readonly url: string }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'closed' }
  | { readonly type: 'log'; readonly line: string };
