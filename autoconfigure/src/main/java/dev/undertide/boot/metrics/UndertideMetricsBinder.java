package dev.undertide.boot.metrics;

import java.util.Collections;

import dev.undertide.boot.UndertideWebServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Binds {@link UndertideServerMetrics} once the application's Undertide web server is initialized, servlet
 * or reactive. The server of a management child context, whose event reaches this listener too, is left
 * out so that the meters describe the application's own server.
 */
public class UndertideMetricsBinder implements ApplicationListener<WebServerInitializedEvent> {

	private final MeterRegistry meterRegistry;

	private final ApplicationContext context;

	private final Iterable<Tag> tags;

	public UndertideMetricsBinder(MeterRegistry meterRegistry, ApplicationContext context) {
		this(meterRegistry, context, Collections.emptyList());
	}

	public UndertideMetricsBinder(MeterRegistry meterRegistry, ApplicationContext context, Iterable<Tag> tags) {
		this.meterRegistry = meterRegistry;
		this.context = context;
		this.tags = tags;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext() == this.context
				&& event.getWebServer() instanceof UndertideWebServer webServer) {
			new UndertideServerMetrics(webServer.getServer(), this.tags).bindTo(this.meterRegistry);
		}
	}

}
