/** CPU seconds used per program (by process name), from /proc: where a bench's time went on a shared machine. */
import { readdirSync, readFileSync } from "node:fs";

const ticksPerSecond = 100; // USER_HZ on Linux

export type CpuSnapshot = Map<string, number>;

/** Chromium's processes by role: the page (renderer), the network service, the GPU process… */
function chromiumRole(pid: string): string {
  let commandLine = "";
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    // gone meanwhile
  }
  const type = /--type=(\S+)/.exec(commandLine)?.[1] ?? "browser";
  const subType = /--utility-sub-type=(?:\w+\.mojom\.)?(\w+)/.exec(commandLine)?.[1];
  return `chromium ${subType ?? type}`;
}

function programOf(comm: string, pid: string): string {
  if (/^(chrom|Chrom)/.test(comm)) return chromiumRole(pid);
  if (comm.startsWith("next-server") || comm === "node" || comm.startsWith("node ")) return "node";
  if (comm.startsWith("ceph-")) return "ceph"; // the OSD (memstore) and monitor behind RGW
  if (comm.startsWith("postgres")) return "postgres";
  return comm;
}

/** Ticks used so far by every live process, summed per program. */
export function cpuSnapshot(): CpuSnapshot {
  const totals: CpuSnapshot = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    const program = programOf(comm, entry);
    totals.set(program, (totals.get(program) ?? 0) + ticks);
  }
  return totals;
}

/** "node 9.1 s, chromium 7.0 s, …": CPU seconds each program spent between two snapshots, largest first. */
export function describeCpu(before: CpuSnapshot, after: CpuSnapshot, minimumSeconds = 0.2): string {
  return [...after.entries()]
    .map(([program, ticks]) => [program, (ticks - (before.get(program) ?? 0)) / ticksPerSecond] as const)
    .filter(([, seconds]) => seconds >= minimumSeconds)
    .sort((a, b) => b[1] - a[1])
    .map(([program, seconds]) => `${program} ${seconds.toFixed(1)} s`)
    .join(", ");
}
