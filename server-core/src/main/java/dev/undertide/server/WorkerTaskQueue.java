package dev.undertide.server;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Queue;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.xnio.Options;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * Runs tasks on an XNIO worker's thread pool through a queue of its own, so that handing a request to a
 * worker costs no thread wake-up while the workers are busy.
 * <p>
 * Handed straight to the pool, every task wakes a parked pool thread, which on a loaded machine preempts the
 * I/O thread, runs one short task and parks again: two context switches per request. Here, pool threads
 * (drainers) run queued tasks one after another until the queue is empty, and an I/O thread hands over what
 * it queued during one pass over its ready connections at the end of that pass, starting at most as many
 * drainers as that pass queued tasks. At most as many tasks run at once as the pool has threads.
 * <p>
 * The pool keeps its configured size for work: it grows by one for each task {@link #whileWaitingForClient
 * waiting for its client} (blocked in a read or write, or writing a download at the client's pace), up to
 * {@value #MAX_GROWTH_FACTOR} times that size, and shrinks back as the waits end, so that requests waiting on
 * slow clients cannot take every thread and starve the rest. Virtual threads need none of this.
 */
public final class WorkerTaskQueue implements Executor {

	/**
	 * Per worker, so that everything dispatched onto one pool shares one limit. Weak: a stopped server's worker
	 * goes; the values must not refer to their keys.
	 */
	private static final Map<XnioWorker, WorkerTaskQueue> BY_WORKER = new WeakHashMap<>();

	private static final int MAX_GROWTH_FACTOR = 16;

	private static final Runnable NOTHING = () -> {
	};

	private final WeakReference<XnioWorker> worker;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger running = new AtomicInteger();

	/** The pool's configured size. */
	private final int size;

	/** The most tasks that may run at once, and the pool's most threads: {@link #size} plus the waits for clients. */
	private volatile int maxRunning;

	/** Guarded by this. */
	private int waitingForClients;

	private final Runnable drainer = this::drain;

	/** Per I/O thread: what it queued during its current pass, handed over at the end of the pass. */
	private final ThreadLocal<PassEnd> passEnds = ThreadLocal.withInitial(PassEnd::new);

	private WorkerTaskQueue(XnioWorker worker) {
		this.worker = new WeakReference<>(worker);
		this.size = maxThreads(worker);
		this.maxRunning = this.size;
	}

	/** The queue in front of {@code worker}'s thread pool. */
	public static WorkerTaskQueue of(XnioWorker worker) {
		synchronized (BY_WORKER) {
			return BY_WORKER.computeIfAbsent(worker, WorkerTaskQueue::new);
		}
	}

	/** Tasks waiting for a drainer; counts them one by one, for statistics rather than for every request. */
	static int queued(XnioWorker worker) {
		WorkerTaskQueue queue;
		synchronized (BY_WORKER) {
			queue = BY_WORKER.get(worker);
		}
		return (queue != null) ? queue.tasks.size() : 0;
	}

	/** Whether this queue feeds {@code worker}'s pool. */
	public boolean feeds(XnioWorker worker) {
		return this.worker.get() == worker;
	}

	@Override
	public void execute(Runnable task) {
		XnioWorker worker = this.worker.get();
		if (worker == null || worker.isShutdown()) {
			throw new RejectedExecutionException("The worker pool is shut down");
		}
		this.tasks.offer(task);
		if (Thread.currentThread() instanceof XnioIoThread ioThread) {
			PassEnd passEnd = this.passEnds.get();
			if (passEnd.queued++ == 0) {
				// Runs once the I/O thread has handled every connection this pass found ready (XNIO runs its
				// queued tasks between passes), so that the requests the pass read are handed over together.
				try {
					ioThread.execute(passEnd);
				}
				catch (RejectedExecutionException ex) {
					// The I/O thread is stopping: hand over now rather than leave the task unstarted.
					passEnd.run();
				}
			}
		}
		else {
			startDrainers(1);
		}
	}

	/**
	 * Runs {@code wait}, a blocking wait of the current task for its client, with one more task allowed to run
	 * meanwhile: the pool may start another thread.
	 */
	public void whileWaitingForClient(ClientWait wait) throws IOException {
		resizeForWaits(1);
		try {
			wait.run();
		}
		finally {
			resizeForWaits(-1);
		}
	}

	private synchronized void resizeForWaits(int change) throws IOException {
		XnioWorker worker = this.worker.get();
		if (worker == null) {
			return;
		}
		this.waitingForClients += change;
		int maxRunning = Math.min(this.size + this.waitingForClients, this.size * MAX_GROWTH_FACTOR);
		worker.setOption(Options.WORKER_TASK_MAX_THREADS, maxRunning);
		int added = maxRunning - this.maxRunning;
		this.maxRunning = maxRunning;
		startDrainers(added);
		if (added > 0 && worker.getMXBean().getWorkerQueueSize() > 0) {
			// Tasks given to the pool directly, not through this queue: a larger pool starts threads only as
			// tasks arrive, so this one starts a thread for those.
			worker.execute(NOTHING);
		}
	}

	/** Starts up to {@code wanted} drainers for what is queued, within the limit. */
	private void startDrainers(int wanted) {
		for (int started = 0; started < wanted && !this.tasks.isEmpty() && tryReserveDrainer(); started++) {
			if (!startDrainerOnPool()) {
				// Shut down between accepting a task and starting its drainer: what was accepted still runs.
				new Thread(this.drainer, "undertide-worker-queue-drain").start();
			}
		}
	}

	private boolean startDrainerOnPool() {
		XnioWorker worker = this.worker.get();
		if (worker == null) {
			return false;
		}
		try {
			worker.execute(this.drainer);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	private boolean tryReserveDrainer() {
		for (;;) {
			int current = this.running.get();
			if (current >= this.maxRunning) {
				return false;
			}
			if (this.running.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	private void drain() {
		Thread thread = Thread.currentThread();
		do {
			Runnable task;
			while (this.running.get() <= this.maxRunning && (task = this.tasks.poll()) != null) {
				try {
					task.run();
				}
				catch (Throwable ex) {
					thread.getUncaughtExceptionHandler().uncaughtException(thread, ex);
				}
			}
			this.running.decrementAndGet();
			// A task queued after the last poll may have found every drainer reserved: take it on.
		}
		while (!this.tasks.isEmpty() && tryReserveDrainer());
	}

	private static int maxThreads(XnioWorker worker) {
		try {
			return worker.getOption(Options.WORKER_TASK_MAX_THREADS);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the worker pool size", ex);
		}
	}

	/** A blocking wait for the client to send or to take more. */
	@FunctionalInterface
	public interface ClientWait {

		void run() throws IOException;

	}

	private final class PassEnd implements Runnable {

		private int queued;

		@Override
		public void run() {
			int wanted = this.queued;
			this.queued = 0;
			startDrainers(wanted);
		}

	}

}
