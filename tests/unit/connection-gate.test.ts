import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/client/api-client";
import { ConnectionGate } from "../../src/components/uploader/connection-gate";

function gateWithEvents() {
  const events = { onStatus: vi.fn(), onHeldChange: vi.fn(), onOpen: vi.fn() };
  return { gate: new ConnectionGate(events), events };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("ConnectionGate", () => {
  it("reports every pause change, but a hold change only when it flips", () => {
    const { gate, events } = gateWithEvents();
    gate.setPausedByUser(true);
    gate.setPausedByUser(true);
    expect(events.onStatus).toHaveBeenLastCalledWith({ isPaused: true, isOffline: false });
    expect(events.onStatus).toHaveBeenCalledTimes(2);
    expect(events.onHeldChange.mock.calls).toEqual([[true]]);
    expect(events.onOpen).not.toHaveBeenCalled();
    gate.setPausedByUser(false);
    expect(events.onHeldChange.mock.calls).toEqual([[true], [false]]);
    expect(events.onOpen).toHaveBeenCalledTimes(1);
  });

  it("holds requests while paused and lets them through, in order, on resume", async () => {
    const { gate } = gateWithEvents();
    gate.setPausedByUser(true);
    expect(gate.isBlocked()).toBe(true);
    const order: string[] = [];
    const first = gate.withRetries(async () => order.push("first"));
    const second = gate.withRetries(async () => order.push("second"));
    await flush();
    expect(order).toEqual([]);
    gate.setPausedByUser(false);
    await Promise.all([first, second]);
    expect(order).toEqual(["first", "second"]);
  });

  it("rejects a waiting request when its signal aborts", async () => {
    const { gate } = gateWithEvents();
    gate.setPausedByUser(true);
    const controller = new AbortController();
    const waiting = gate.whenReady(controller.signal);
    controller.abort(new DOMException("stop", "AbortError"));
    await expect(waiting).rejects.toThrow("stop");
  });

  it("fails at once on an answer a retry cannot change", async () => {
    const { gate } = gateWithEvents();
    const task = vi.fn(async () => {
      throw new ApiError("forbidden", "Not yours", 403);
    });
    await expect(gate.withRetries(task)).rejects.toThrow("Not yours");
    expect(task).toHaveBeenCalledTimes(1);
  });
});
