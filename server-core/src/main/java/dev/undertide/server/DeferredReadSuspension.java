package dev.undertide.server;

import java.util.concurrent.atomic.AtomicInteger;

import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Keeps a plain connection's socket registered for reads while its reads are suspended, and takes the
 * registration away only when bytes or the end of the stream arrive meanwhile. undertow suspends reads on
 * the I/O thread for every request it parses, and resumes them from the worker thread that completes the
 * exchange. Done at once, that resume changes the selector's interest set from a foreign thread, which wakes
 * the I/O thread from its select: a system call and a context switch for every request of a kept-alive
 * connection. Deferred, a request whose client sends nothing while it runs, the usual case, costs neither.
 * <p>
 * Not for TLS: its conduit reads on its own behalf, for handshakes, whatever its reader asked for.
 */
final class DeferredReadSuspension extends AbstractStreamSourceConduit<StreamSourceConduit> {

	/** Reads are resumed, and the socket is registered for them. */
	private static final int RESUMED = 0;

	/** Reads are suspended, but the socket is still registered for them; a read event will take it off. */
	private static final int SUSPENDING = 1;

	/** Reads are suspended, and the socket is not registered for them. */
	private static final int SUSPENDED = 2;

	/** A new connection's socket is not yet registered for reads. */
	private final AtomicInteger state = new AtomicInteger(SUSPENDED);

	private DeferredReadSuspension(StreamSourceConduit next) {
		super(next);
	}

	/** Wraps the listener that opens accepted connections so that each connection's reads suspend lazily. */
	static ChannelListener<StreamConnection> installing(ChannelListener<? super StreamConnection> openListener) {
		return (connection) -> {
			connection.getSourceChannel()
				.setConduit(new DeferredReadSuspension(connection.getSourceChannel().getConduit()));
			ChannelListeners.invokeChannelListener(connection, openListener);
		};
	}

	@Override
	public void suspendReads() {
		this.state.compareAndSet(RESUMED, SUSPENDING);
	}

	@Override
	public void resumeReads() {
		while (true) {
			int current = this.state.get();
			if (current == RESUMED) {
				return;
			}
			if (this.state.compareAndSet(current, RESUMED)) {
				if (current == SUSPENDED) {
					this.next.resumeReads();
				}
				return;
			}
		}
	}

	@Override
	public void wakeupReads() {
		this.state.set(RESUMED);
		this.next.wakeupReads();
	}

	@Override
	public boolean isReadResumed() {
		return this.state.get() == RESUMED;
	}

	@Override
	public void setReadReadyHandler(ReadReadyHandler handler) {
		this.next.setReadReadyHandler(new ReadReadyHandler() {

			@Override
			public void readReady() {
				if (deliverReadReady()) {
					handler.readReady();
				}
			}

			@Override
			public void forceTermination() {
				handler.forceTermination();
			}

			@Override
			public void terminated() {
				handler.terminated();
			}

		});
	}

	/**
	 * Called on the I/O thread for a read event: passes it on while reads are resumed, else takes the socket's
	 * registration away, the suspend that was deferred. A resume racing with that registers it again.
	 */
	private boolean deliverReadReady() {
		if (this.state.get() != SUSPENDING) {
			return true;
		}
		this.next.suspendReads();
		if (!this.state.compareAndSet(SUSPENDING, SUSPENDED)) {
			// Resumed meanwhile, without registering: the selector reports the event again.
			this.next.resumeReads();
		}
		return false;
	}

}
