package dev.undertide.servlet;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs a request's listener callbacks ({@code onDataAvailable}, {@code onWritePossible}, ...) on worker
 * threads, one at a time: a callback asked for while another runs waits for it to return, so the
 * application never sees two of its callbacks for one request at once.
 */
final class SerialCallbacks {

	private final Executor executor;

	private final Queue<Runnable> waiting = new ArrayDeque<>();

	private boolean running;

	SerialCallbacks(Executor executor) {
		this.executor = executor;
	}

	void run(Runnable callback) {
		synchronized (this) {
			if (this.running) {
				this.waiting.add(callback);
				return;
			}
			this.running = true;
		}
		this.executor.execute(() -> drain(callback));
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
