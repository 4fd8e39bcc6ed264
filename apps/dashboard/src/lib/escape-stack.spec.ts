// Escape closes what the user opened last, one layer per press, and leaves keys meant for something else alone.
import { describe, expect, it, vi } from 'vitest';
import { createEscapeStack } from './escape-stack';

const escape = { key: 'Escape', defaultPrevented: false };

describe('createEscapeStack', () => {
  it('closes the innermost open layer first, then the next one', () => {
    const stack = createEscapeStack();
    const panel = vi.fn();
    const popover = vi.fn();
    stack.push(panel);
    stack.push(popover);
    expect(stack.handle(escape)).toBe(true);
    expect(popover).toHaveBeenCalledOnce();
    expect(panel).not.toHaveBeenCalled();
    expect(stack.handle(escape)).toBe(true);
    expect(panel).toHaveBeenCalledOnce();
    expect(stack.handle(escape)).toBe(false);
  });

  it('forgets a layer that closed some other way (its close button, an outside click)', () => {
    const stack = createEscapeStack();
    const panel = vi.fn();
    const popover = vi.fn();
    stack.push(panel);
    const unregister = stack.push(popover);
    unregister();
    unregister();
    stack.handle(escape);
    expect(popover).not.toHaveBeenCalled();
    expect(panel).toHaveBeenCalledOnce();
    expect(stack.size).toBe(0);
  });

  it('ignores other keys, an Escape already handled (a brush clearing itself) and one ending an IME composition', () => {
    const stack = createEscapeStack();
    const close = vi.fn();
    stack.push(close);
    expect(stack.handle({ key: 'Enter', defaultPrevented: false })).toBe(false);
    expect(stack.handle({ key: 'Escape', defaultPrevented: true })).toBe(false);
    expect(stack.handle({ key: 'Escape', defaultPrevented: false, isComposing: true })).toBe(false);
    expect(close).not.toHaveBeenCalled();
    expect(stack.size).toBe(1);
  });
});
