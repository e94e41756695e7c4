package dev.undertide.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.undertow.server.handlers.accesslog.AccessLogReceiver;
import io.undertow.server.handlers.accesslog.DefaultAccessLogReceiver;
import org.jspecify.annotations.Nullable;

/**
 * The access log's file, written by undertow's {@link DefaultAccessLogReceiver} on a thread of its own:
 * request threads only queue their line, so a slow disk never slows a request. It is opened when the server
 * starts and closed when it stops, which writes every line queued until then; a line of a request that
 * outlives the server is dropped.
 */
final class AccessLogFile implements AccessLogReceiver {

	private static final String THREAD_NAME = "undertide-access-log";

	/** How long a stop waits for the last lines to be written, so a stuck disk never hangs it. */
	private static final long CLOSE_TIMEOUT_SECONDS = 5;

	private final AccessLogSettings settings;

	private volatile @Nullable Opened opened;

	AccessLogFile(AccessLogSettings settings) {
		this.settings = settings;
	}

	AccessLogSettings getSettings() {
		return this.settings;
	}

	/**
	 * Creates the directory if needed and starts the writer thread.
	 * @throws IllegalStateException if the directory cannot be created or written to
	 */
	void open() {
		Path directory = this.settings.directory();
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create the access log directory '" + directory + "'", ex);
		}
		if (!Files.isWritable(directory)) {
			throw new IllegalStateException("Cannot write to the access log directory '" + directory + "'");
		}
		ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, THREAD_NAME);
			thread.setDaemon(true);
			return thread;
		});
		this.opened = new Opened(executor, DefaultAccessLogReceiver.builder()
			.setLogWriteExecutor(executor)
			.setOutputDirectory(directory)
			.setLogBaseName(this.settings.prefix())
			.setLogNameSuffix(this.settings.suffix())
			.setRotate(this.settings.rotate())
			.build());
	}

	@Override
	public void logMessage(String message) {
		Opened opened = this.opened;
		if (opened != null) {
			try {
				opened.receiver().logMessage(message);
			}
			catch (IllegalStateException ex) {
				// Closed meanwhile: the server stopped while this request was in flight.
			}
		}
	}

	/**
	 * Writes the lines still queued and closes the file. The receiver is closed on the writer thread, after
	 * the writes already queued there: closed from another thread, undertow's receiver would drop lines not
	 * yet written to a file it had not opened.
	 */
	void close() {
		Opened opened = this.opened;
		if (opened == null) {
			return;
		}
		this.opened = null;
		Future<?> closed = opened.writerThread().submit(() -> closeReceiver(opened.receiver()));
		try {
			closed.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// A failing or stuck disk: the stop goes on, and the daemon writer thread is left to itself.
		}
		opened.writerThread().shutdown();
	}

	private static void closeReceiver(DefaultAccessLogReceiver receiver) {
		try {
			receiver.close();
		}
		catch (IOException | NullPointerException ex) {
			// undertow's close() fails this way when it never opened its file: there is nothing to write.
		}
	}

	private record Opened(ExecutorService writerThread, DefaultAccessLogReceiver receiver) {
	}

}
