/**
 * Call features that depend on server APIs which may not be installed yet:
 * transfer, conference and click-to-call. The desktop reads the API's
 * OpenAPI document once to see which exist, and also learns from a 404 for a
 * missing endpoint; unavailable features are shown disabled with a tooltip.
 *
 * @module
 */

/** Features that need a server API. */
export const CALL_FEATURES = ["transfer", "conference", "dial"] as const;

/** One of {@linkcode CALL_FEATURES}. */
export type CallFeature = typeof CALL_FEATURES[number];

/** Whether each feature is available: true, false, or null when not known yet. */
export type FeatureMap = Record<CallFeature, boolean | null>;

/** The endpoint each feature calls, as method and path below `/api/v1`. */
export const FEATURE_ENDPOINTS: Readonly<Record<CallFeature, { method: string; path: string }>> = {
  transfer: { method: "post", path: "/calls/{id}/transfer" },
  conference: { method: "post", path: "/calls/{id}/conference" },
  dial: { method: "post", path: "/calls" },
};

/** Nothing known yet. */
export function unknownFeatures(): FeatureMap {
  return { transfer: null, conference: null, dial: null };
}

/** Reads which features exist from the OpenAPI document (`paths` keyed by full path). */
export function featuresFromSpec(spec: unknown): FeatureMap {
  const paths = (spec as { paths?: Record<string, Record<string, unknown>> } | null)?.paths;
  if (!paths || typeof paths !== "object") return unknownFeatures();
  // Path parameters may be named differently ({id}, {callId}); compare their shape only.
  const shape = (path: string) => path.replace(/\{[^}]+\}/g, "{}").replace(/\/+$/, "");
  const present = (feature: CallFeature) => {
    const { method, path } = FEATURE_ENDPOINTS[feature];
    const wanted = shape(path);
    return Object.entries(paths).some(([full, operations]) => {
      const candidate = shape(full);
      return (candidate === wanted || candidate.endsWith(`/v1${wanted}`)) &&
        operations && typeof operations === "object" && method in operations;
    });
  };
  return {
    transfer: present("transfer"),
    conference: present("conference"),
    dial: present("dial"),
  };
}
