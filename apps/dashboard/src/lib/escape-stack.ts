// Escape closes the innermost open layer only: a popover opened over a panel closes first, the panel on the next press.

export interface EscapeKey {
  key: string;
  defaultPrevented: boolean;
  /** An IME composition in progress: its Escape cancels the composition, not the layer. */
  isComposing?: boolean;
}

export interface EscapeStack {
  /** Registers an open layer; the function returned unregisters it (when it closes or unmounts). */
  push: (close: () => void) => () => void;
  /** Closes the innermost layer for an Escape press; true when one was closed (the caller then stops the event). */
  handle: (event: EscapeKey) => boolean;
  readonly size: number;
}

export function createEscapeStack(): EscapeStack {
  const layers: { close: () => void }[] = [];
  return {
    push(close) {
      const layer = { close };
      layers.push(layer);
      return () => {
        const i = layers.indexOf(layer);
        if (i >= 0) layers.splice(i, 1);
      };
    },
    handle(event) {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return false;
      const top = layers.pop();
      if (!top) return false;
      top.close();
      return true;
    },
    get size() {
      return layers.length;
    },
  };
}
