/**
 * SIP signalling (RFC 3261 and friends): the pure core in `core/`, sockets in
 * `transport/`, and in `ua/` the user agent the appliance is: registrar for agents'
 * phones and browsers, trunk admission for the PBX, and B2BUA legs the call layer drives.
 * This domain knows nothing of queues or customers.
 *
 * @module
 */
export { SipStack } from "./ua/sip_stack.ts";
export type { SipStackOptions } from "./ua/sip_stack.ts";
export type { IncomingCall, SipCallHandler } from "./ua/sip_call_handler.ts";
export { describeBinding } from "./ua/registration_notices.ts";
export type { RegistrationChange, RegistrationListener } from "./ua/registration_notices.ts";
export { DEFAULT_SIP_LIMITS } from "./ua/sip_limits.ts";
export type { SipLimits } from "./ua/sip_limits.ts";
export { ClientLeg } from "./ua/client_leg.ts";
export { ServerLeg } from "./ua/server_leg.ts";
export { Leg, LegState } from "./ua/leg.ts";
export type { EndReason, LegEndCause, LegListener } from "./ua/leg.ts";
export type { Binding } from "./ua/location_service.ts";
export { TrunkDialPlanSchema, TrunkDirectory, TrunkInputSchema } from "./ua/trunk_directory.ts";
export type { Trunk, TrunkDialPlan, TrunkHealth, TrunkInput } from "./ua/trunk_directory.ts";
export { cidrContains, parseCidr } from "./ua/cidr.ts";
export { hostForUri } from "./core/mod.ts";
