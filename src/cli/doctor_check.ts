/** One finding of `doctor`: what was checked, whether it passed, and what to do. */
export interface Check {
  name: string;
  ok: boolean;
  /** "required" failures stop start-up; "optional" ones only lose a feature. */
  level: "required" | "optional";
  detail: string;
}
