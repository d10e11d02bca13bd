/**
 * The entry of the consumer thread (a module Web Worker): takes one {@link ConsumerJob} message,
 * runs it, and closes.
 *
 * @module
 */
import { type ConsumerJob, runConsumer } from "./consumer.ts";

/** The worker's global scope, as much of it as this entry uses (the project's types are Window's). */
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<ConsumerJob>) => void) | null;
  close(): void;
};

scope.onmessage = (event) => {
  runConsumer(event.data);
  scope.close();
};
