/** The value of one sample in Prometheus text, `labels` as written (`a="x",b="y"`); 0 when absent. */
export function sampleValue(text: string, name: string, labels = ""): number {
  const prefix = labels ? `${name}{${labels}} ` : `${name} `;
  const line = text.split("\n").find((row) => row.startsWith(prefix));
  return line ? Number(line.slice(prefix.length)) : 0;
}

/** The sum of every sample of `name` whatever its labels (e.g. a counter over all results). */
export function sampleSum(text: string, name: string): number {
  return text
    .split("\n")
    .filter((row) => row.startsWith(`${name}{`) || row.startsWith(`${name} `))
    .reduce((sum, row) => sum + Number(row.slice(row.lastIndexOf(" ") + 1)), 0);
}
