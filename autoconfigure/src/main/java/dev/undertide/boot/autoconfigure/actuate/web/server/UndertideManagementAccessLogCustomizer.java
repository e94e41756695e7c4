package dev.undertide.boot.autoconfigure.actuate.web.server;

import dev.undertide.boot.UndertideWebServerFactory;
import dev.undertide.server.AccessLogSettings;

import org.springframework.boot.actuate.autoconfigure.web.server.AccessLogCustomizer;

/**
 * Gives the management server's access log a file of its own: the application's file name with
 * {@code management.server.undertow.accesslog.prefix} before it. Without it both servers would write to one
 * file. Runs after the customizer that applies {@code server.undertow.accesslog.*}.
 */
class UndertideManagementAccessLogCustomizer extends AccessLogCustomizer<UndertideWebServerFactory> {

	UndertideManagementAccessLogCustomizer(UndertideManagementServerProperties properties) {
		super(properties.getAccesslog().getPrefix());
	}

	@Override
	public void customize(UndertideWebServerFactory factory) {
		AccessLogSettings accessLog = factory.getAccessLog();
		if (accessLog != null) {
			factory.setAccessLog(new AccessLogSettings(accessLog.directory(), customizePrefix(accessLog.prefix()),
					accessLog.suffix(), accessLog.pattern(), accessLog.rotate()));
		}
	}

}
