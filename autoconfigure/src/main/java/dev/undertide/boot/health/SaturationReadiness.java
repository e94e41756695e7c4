package dev.undertide.boot.health;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.server.ServerStatistics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Sets readiness to {@link ReadinessState#REFUSING_TRAFFIC} while the Undertide web server stays saturated
 * (its {@link ServerStatistics#saturation() saturation} at or above a threshold for longer than a grace
 * period), so that a load balancer sends new traffic elsewhere instead of into a full queue; and back to
 * {@link ReadinessState#ACCEPTING_TRAFFIC} once it is below the threshold again. It only undoes its own
 * refusal: readiness set by anyone else, such as the application closing, is left alone. Liveness is never
 * touched: a busy server is not a broken one.
 * <p>
 * The server is sampled every {@value #SAMPLE_INTERVAL_MILLIS} ms on a daemon thread that runs from just
 * after the web server started until just before its graceful shutdown.
 */
public class SaturationReadiness implements SmartLifecycle {

	static final long SAMPLE_INTERVAL_MILLIS = 250;

	private static final Log logger = LogFactory.getLog(SaturationReadiness.class);

	private final ApplicationContext context;

	private final ApplicationAvailability availability;

	private final double threshold;

	private final long graceNanos;

	private volatile @Nullable ScheduledExecutorService sampler;

	/** When the current saturation began (System.nanoTime()), or null when not saturated; sampler thread only. */
	private @Nullable Long saturatedSince;

	public SaturationReadiness(ApplicationContext context, ApplicationAvailability availability, double threshold,
			Duration grace) {
		this.context = context;
		this.availability = availability;
		this.threshold = threshold;
		this.graceNanos = grace.toNanos();
	}

	@Override
	public void start() {
		UndertideWebServer webServer = UndertideWebServer.of(this.context);
		if (webServer == null || this.sampler != null) {
			return;
		}
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "undertide-saturation");
			thread.setDaemon(true);
			return thread;
		});
		this.saturatedSince = null;
		sampler.scheduleWithFixedDelay(() -> sample(webServer), SAMPLE_INTERVAL_MILLIS, SAMPLE_INTERVAL_MILLIS,
				TimeUnit.MILLISECONDS);
		this.sampler = sampler;
	}

	@Override
	public void stop() {
		ScheduledExecutorService sampler = this.sampler;
		if (sampler != null) {
			this.sampler = null;
			sampler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.sampler != null;
	}

	/** Stopped before the graceful shutdown begins, so a draining server never looks ready again. */
	@Override
	public int getPhase() {
		return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
	}

	private void sample(UndertideWebServer webServer) {
		try {
			ServerStatistics statistics = webServer.getServer().getStatistics();
			double saturation = statistics.saturation();
			if (statistics.state() == ServerStatistics.State.ACCEPTING && saturation >= this.threshold) {
				saturated(saturation);
			}
			else {
				this.saturatedSince = null;
				if (refusingBecauseOfSaturation()) {
					logger.info("Undertide is no longer saturated; readiness is ACCEPTING_TRAFFIC again");
					AvailabilityChangeEvent.publish(this.context, this, ReadinessState.ACCEPTING_TRAFFIC);
				}
			}
		}
		catch (RuntimeException ex) {
			// Never let one failed sample end the schedule.
			logger.warn("Could not sample Undertide's saturation", ex);
		}
	}

	private void saturated(double saturation) {
		long now = System.nanoTime();
		Long since = this.saturatedSince;
		if (since == null) {
			since = now;
			this.saturatedSince = since;
		}
		if (now - since >= this.graceNanos
				&& this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
			logger.warn(String.format("Undertide has been saturated (%.0f%% of capacity in use) for %d ms; "
					+ "readiness is REFUSING_TRAFFIC until it is below %.0f%%", saturation * 100,
					TimeUnit.NANOSECONDS.toMillis(now - since), this.threshold * 100));
			AvailabilityChangeEvent.publish(this.context, this, ReadinessState.REFUSING_TRAFFIC);
		}
	}

	private boolean refusingBecauseOfSaturation() {
		AvailabilityChangeEvent<ReadinessState> last = this.availability.getLastChangeEvent(ReadinessState.class);
		return last != null && last.getSource() == this && last.getState() == ReadinessState.REFUSING_TRAFFIC;
	}

}
