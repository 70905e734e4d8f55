import { afterEach } from "vitest";
import { takeViolations } from "./contract-check";

// Every integration test fails when an answer it received breaks the OpenAPI document.
afterEach(() => {
  const violations = takeViolations();
  if (violations.length > 0) throw new Error(`Answers that break the API document:\n${violations.join("\n")}`);
});
