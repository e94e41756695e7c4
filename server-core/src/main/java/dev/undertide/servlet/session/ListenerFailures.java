package dev.undertide.servlet.session;

import org.jspecify.annotations.Nullable;

/**
 * Runs listener notifications so that one failing listener does not keep the others from
 * being notified, then rethrows the first failure with the later ones suppressed.
 */
final class ListenerFailures {

	private @Nullable RuntimeException firstFailure;

	void run(Runnable notification) {
		try {
			notification.run();
		}
		catch (RuntimeException ex) {
			if (this.firstFailure == null) {
				this.firstFailure = ex;
			}
			else {
				this.firstFailure.addSuppressed(ex);
			}
		}
	}

	void rethrowFirst() {
		if (this.firstFailure != null) {
			throw this.firstFailure;
		}
	}

}
