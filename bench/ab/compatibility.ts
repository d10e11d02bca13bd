/**
 * Whether another checkout's Deno endpoints speak this runner's protocol: its
 * `bench/endpoint/protocol.ts` read as text (its code is never imported into this process), its
 * `PROTOCOL_VERSION` compared with this one's. A checkout from before the constant existed is
 * version 1 when its file is this one's without the constant, comments and blank space aside: the
 * same contract, unnumbered. Any other unnumbered file is refused, since what it expects cannot
 * be known without running it.
 *
 * @module
 */
import { PROTOCOL_VERSION } from "../endpoint/protocol.ts";

/** Where a checkout keeps its Deno endpoints, relative to its root. */
export const ENDPOINT_DIR = "bench/endpoint";

/** The endpoint files a checkout must hold for `ab` to run it. */
export const ENDPOINT_FILES = ["writer.ts", "reader.ts", "protocol.ts"] as const;

const DECLARATION = /export\s+const\s+PROTOCOL_VERSION\s*=\s*(\d+)\s*;/;

/** `PROTOCOL_VERSION` as declared in the text of a protocol.ts, or `null` when it declares none. */
export function declaredVersion(text: string): number | null {
  const found = DECLARATION.exec(text);
  return found === null ? null : Number(found[1]);
}

/**
 * The code of a TypeScript text without its comments and with its blank space collapsed, so that
 * two files that differ only in wording of comments or in formatting compare equal. Strings are
 * not parsed: a `//` inside one would be cut, but the same way on both sides of a comparison.
 */
export function codeOf(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/(^|[^:"'`])\/\/[^\n]*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The protocol version of a checkout whose `protocol.ts` reads `other`, judged against this
 * checkout's text `own`: the declared number, or 1 for an unnumbered file equal to `own` without
 * its declaration, or `null` for an unnumbered file that differs (unknown: refuse).
 */
export function protocolVersionOf(other: string, own: string): number | null {
  const declared = declaredVersion(other);
  if (declared !== null) return declared;
  return codeOf(other) === codeOf(own.replace(DECLARATION, "")) ? 1 : null;
}

/** Why a checkout's endpoints cannot run under this runner, or `null` when they can. */
export function incompatibility(version: number | null, label: string): string | null {
  if (version === PROTOCOL_VERSION) return null;
  if (version === null) {
    return `${label}: its endpoint protocol (${ENDPOINT_DIR}/protocol.ts) has no PROTOCOL_VERSION and differs ` +
      `from this checkout's version ${PROTOCOL_VERSION}: its endpoints may misread this runner's configurations; ` +
      `compare versions that both speak protocol ${PROTOCOL_VERSION}`;
  }
  return `${label}: its endpoints speak protocol version ${version}, this runner speaks ${PROTOCOL_VERSION} ` +
    `(bench/endpoint/protocol.ts): run ab from a checkout whose protocol matches both versions`;
}

/**
 * Reads a checkout's endpoint folder and returns why its endpoints cannot run here, or `null`.
 * `root` is the checkout's root folder; `label` names it in the message.
 */
export async function checkoutProblem(root: string, label: string): Promise<string | null> {
  for (const file of ENDPOINT_FILES) {
    try {
      await Deno.stat(`${root}/${ENDPOINT_DIR}/${file}`);
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
        return `${label}: cannot read ${root}: ${(error as Error).message}`;
      }
      return `${label}: ${root} is not a pipespeed checkout with Deno endpoints (no ${ENDPOINT_DIR}/${file})`;
    }
  }
  const other = await Deno.readTextFile(`${root}/${ENDPOINT_DIR}/protocol.ts`);
  const own = await Deno.readTextFile(new URL("../endpoint/protocol.ts", import.meta.url));
  return incompatibility(protocolVersionOf(other, own), label);
}
