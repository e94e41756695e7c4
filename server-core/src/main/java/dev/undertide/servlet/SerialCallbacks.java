package dev.undertide.servlet;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs a request's listener callbacks ({@code onDataAvailable}, {@code onWritePossible}, ...) on worker
 * threads, one at a time: a callback asked for while another runs waits for it to return, so the
 * application never sees two of its callbacks for one request at once. Callbacks are also held while a
 * dispatch of the request runs: until it returns, undertow still considers the request in its handler and
 * defers what a callback would do to the channels.
 */
final class SerialCallbacks {

	private final Executor executor;

	private final Queue<Runnable> waiting = new ArrayDeque<>();

	private boolean running;

	private boolean held;

	SerialCallbacks(Executor executor) {
		this.executor = executor;
	}

	void run(Runnable callback) {
		synchronized (this) {
			if (this.running || this.held) {
				this.waiting.add(callback);
				return;
			}
			this.running = true;
		}
		this.executor.execute(() -> drain(callback));
	}

	/** A dispatch starts: callbacks asked for from now on wait for {@link #release()}. */
	synchronized void hold() {
		this.held = true;
	}

	/** The dispatch returned: callbacks that waited for it run now. */
	void release() {
		Runnable first;
		synchronized (this) {
			this.held = false;
			if (this.running || this.waiting.isEmpty()) {
				return;
			}
			first = this.waiting.poll();
			this.running = true;
		}
		this.executor.execute(() -> drain(first));
	}

	private void drain(Runnable first) {
		Runnable next = first;
		while (next != null) {
			next.run();
			synchronized (this) {
				next = this.waiting.poll();
				if (next == null) {
					this.running = false;
				}
			}
		}
	}

}
