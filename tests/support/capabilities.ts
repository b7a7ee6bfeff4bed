/** Whether this process holds CAP_SYS_NICE (capabilities(7): bit 23 of `CapEff`). */
export function holdsCapSysNice(): boolean {
  if (Deno.build.os !== "linux") return false;
  const status = Deno.readTextFileSync("/proc/self/status");
  const effective = BigInt(`0x${/^CapEff:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? "0"}`);
  return (effective & (1n << 23n)) !== 0n;
}
