// The bound on --threads, shared by train's options and the sweep commands' flags (which load nothing else of train).

/** More threads than this would only wait on each other at every barrier (machines here have far fewer cores). */
export const MAX_THREADS = 64;
