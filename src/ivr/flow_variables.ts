import type { Clock } from "../clock/mod.ts";
import type { IvrLanguage } from "./call_port.ts";
import type { Scalar } from "./flow_schema.ts";
import { localTime } from "./local_time.ts";

// What `localeCompare` uses, made once: it would otherwise look the locale up per comparison.
const COLLATOR = new Intl.Collator();
const TEMPLATE = /\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)\}/g;

/**
 * A call's variables. `time.*` (date, weekday, hour, minute, hhmm) are read from the
 * clock in the flow's time zone whenever they are asked for, so a long call sees the
 * time move on.
 */
export class FlowVariables {
  #values = new Map<string, Scalar>();
  /** Variables holding a secret entry (a card number): masked in {@link snapshot}. */
  #secret = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly timezone: string,
    initial: Record<string, Scalar> = {},
  ) {
    for (const [name, value] of Object.entries(initial)) this.#values.set(name, value);
  }

  get(name: string): Scalar | undefined {
    if (name.startsWith("time.")) {
      const now = localTime(this.clock.now(), this.timezone);
      const key = name.slice(5) as keyof typeof now;
      return key in now ? now[key] : undefined;
    }
    return this.#values.get(name);
  }

  /** `secret`: the value is a card number or PIN, masked wherever the variables are listed. */
  set(name: string, value: Scalar, options: { secret?: boolean } = {}): void {
    if (name.startsWith("time.")) throw new RangeError(`Variable ${name} is read-only`);
    this.#values.set(name, value);
    if (options.secret) this.#secret.add(name);
    else this.#secret.delete(name);
  }

  /** Replaces each `{name}` with the variable's value; unknown names become empty text. */
  render(template: string): string {
    return template.replace(TEMPLATE, (_, name: string) => {
      const value = this.get(name);
      return value === undefined || value === null ? "" : String(value);
    });
  }

  get language(): IvrLanguage {
    return this.#values.get("language") === "en" ? "en" : "zh-CN";
  }

  set language(language: IvrLanguage) {
    this.#values.set("language", language);
  }

  /** Every variable set, by name; a secret one as `*` per character. */
  snapshot(): Record<string, Scalar> {
    return Object.fromEntries(
      [...this.#values]
        .map(([name, value]): [string, Scalar] => [
          name,
          this.#secret.has(name) ? "*".repeat(String(value).length) : value,
        ])
        .sort(([a], [b]) => COLLATOR.compare(a, b)),
    );
  }
}
