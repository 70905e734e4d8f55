/** One result as the doctor prints it; the same shape the storage-check API answers. */
export interface CheckLine {
  name: string;
  status: "ok" | "warn" | "fail";
  message: string;
  fix?: string;
}

const NAME_WIDTH = 14;

/** One line per check (status, name, message), each fix indented under its check; then a count. */
export function formatChecks(results: CheckLine[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.status.padEnd(5)} ${result.name.padEnd(NAME_WIDTH)} ${result.message}`);
    if (result.fix) lines.push(...result.fix.split("\n").map((line, index) => `${" ".repeat(6)}${index === 0 ? "fix: " : "     "}${line}`));
  }
  const count = (status: CheckLine["status"]) => results.filter((result) => result.status === status).length;
  lines.push("", `${count("ok")} ok, ${count("warn")} warn, ${count("fail")} fail`);
  return `${lines.join("\n")}\n`;
}
