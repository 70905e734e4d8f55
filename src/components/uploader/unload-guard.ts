/** Asks the browser to confirm before the page is left while uploads are still on their way. */
export class UnloadGuard {
  #isGuarding = false;

  #onBeforeUnload = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    // Older browsers only show the prompt when returnValue is set.
    event.returnValue = "";
  };

  sync(shouldGuard: boolean): void {
    if (shouldGuard === this.#isGuarding || typeof window === "undefined") return;
    this.#isGuarding = shouldGuard;
    if (shouldGuard) window.addEventListener("beforeunload", this.#onBeforeUnload);
    else window.removeEventListener("beforeunload", this.#onBeforeUnload);
  }
}
