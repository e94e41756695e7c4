package dev.undertide.servlet;

import java.io.IOException;
import java.util.Map;
import java.util.WeakHashMap;

import dev.undertide.server.WorkerTaskQueue;
import org.xnio.Options;
import org.xnio.XnioWorker;

/**
 * Lets an XNIO worker pool start another thread while one of its threads waits for a slow client, so that
 * requests waiting on their clients, rather than working, cannot take every thread and starve the rest.
 * The pool keeps its configured size for work: it grows by one for each thread blocked in a read or write
 * that waits for the client, or writing a download past its first MiB at the client's pace, up to
 * {@value #MAX_GROWTH_FACTOR} times that size, and shrinks back as the waits end. A thread started meanwhile
 * is an ordinary platform thread; virtual threads need none of this.
 */
final class WorkerPoolCompensation {

	private static final int MAX_GROWTH_FACTOR = 16;

	private static final Runnable NOTHING = () -> {
	};

	/**
	 * Per worker, so that every servlet deployment on it counts its waits against one size. Weak: a stopped
	 * server's worker goes; the values must not refer to their keys.
	 */
	private static final Map<XnioWorker, WorkerPoolCompensation> BY_WORKER = new WeakHashMap<>();

	private final int size;

	private final int maxSize;

	/** Guarded by this. */
	private int waiting;

	private WorkerPoolCompensation(int size) {
		this.size = size;
		this.maxSize = size * MAX_GROWTH_FACTOR;
	}

	/** Runs {@code wait}, a wait for the client, with one more thread allowed into {@code worker}'s pool meanwhile. */
	static void whileWaiting(XnioWorker worker, ClientWait wait) throws IOException {
		WorkerPoolCompensation compensation = of(worker);
		compensation.resize(worker, 1);
		if (worker.getMXBean().getWorkerQueueSize() > 0) {
			// A larger pool starts threads only as tasks arrive: this one starts a thread for those queued.
			worker.execute(NOTHING);
		}
		try {
			wait.run();
		}
		finally {
			compensation.resize(worker, -1);
		}
	}

	private static WorkerPoolCompensation of(XnioWorker worker) throws IOException {
		synchronized (BY_WORKER) {
			WorkerPoolCompensation compensation = BY_WORKER.get(worker);
			if (compensation == null) {
				compensation = new WorkerPoolCompensation(worker.getOption(Options.WORKER_TASK_MAX_THREADS));
				BY_WORKER.put(worker, compensation);
			}
			return compensation;
		}
	}

	private synchronized void resize(XnioWorker worker, int change) throws IOException {
		this.waiting += change;
		int maxThreads = Math.min(this.size + this.waiting, this.maxSize);
		worker.setOption(Options.WORKER_TASK_MAX_THREADS, maxThreads);
		WorkerTaskQueue.of(worker).setMaxRunning(maxThreads);
	}

	/** A blocking wait for the client to send or to take more. */
	@FunctionalInterface
	interface ClientWait {

		void run() throws IOException;

	}

}
