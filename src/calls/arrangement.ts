import type { PartyView } from "./party.ts";

/**
 * How a call's audio is carried, derived from its parties' modes and nothing else:
 * - `none`: nobody hears anybody; each party hears only what is played to it;
 * - `relay`: exactly two parties hear each other and nobody else is listening, so their
 *   audio is relayed as it came (no mixing, no transcoding when the codecs match);
 * - `mix`: anything else; each party hears the sum of the parties in its `hears` list.
 *
 * In every kind, a party whose `hears` is empty is left to its own player (music on hold,
 * prompts), so the arrangement never sends it silence over what is played to it.
 */
export type Arrangement =
  | { kind: "none" }
  | { kind: "relay"; between: readonly [string, string] }
  | { kind: "mix"; hears: ReadonlyMap<string, readonly string[]> };

const HEARD_BY_ALL = new Set(["talk", "barge"]);
const IN_CONVERSATION = new Set(["talk", "barge", "listen", "whisper"]);

/**
 * Who hears whom, by mode: talking and barging parties hear each other and whatever is
 * whispered to them; listening and whispering parties hear the talking ones; a party on
 * hold hears nobody and nobody hears it. The order of `parties` is kept in the lists.
 */
export function hearing(parties: readonly PartyView[]): Map<string, string[]> {
  const hears = new Map<string, string[]>();
  for (const listener of parties) {
    const heard: string[] = [];
    if (IN_CONVERSATION.has(listener.mode)) {
      for (const speaker of parties) {
        if (speaker.id === listener.id) continue;
        if (HEARD_BY_ALL.has(speaker.mode)) heard.push(speaker.id);
        else if (speaker.mode === "whisper" && speaker.whisperTo === listener.id) {
          heard.push(speaker.id);
        }
      }
    }
    hears.set(listener.id, heard);
  }
  return hears;
}

/** The arrangement for a set of parties: relay for a plain two-way conversation, else a mix. */
export function arrange(parties: readonly PartyView[]): Arrangement {
  const hears = hearing(parties);
  const listening = [...hears].filter(([, heard]) => heard.length > 0);
  if (listening.length === 0) return { kind: "none" };
  if (listening.length === 2) {
    const [[a, aHears], [b, bHears]] = listening;
    const others = parties.filter((p) => p.id !== a && p.id !== b);
    // Any other party in the conversation (heard by nobody, hearing nobody) would need
    // the mix to hear the pair; parties on hold do not.
    if (
      aHears.length === 1 && aHears[0] === b && bHears.length === 1 && bHears[0] === a &&
      others.every((p) => !IN_CONVERSATION.has(p.mode))
    ) {
      return { kind: "relay", between: [a, b] };
    }
  }
  return { kind: "mix", hears };
}
