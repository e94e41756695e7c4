package dev.undertide.boot.autoconfigure.actuate.web.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Undertide server on a separate management port, under {@code management.server.undertow}.
 */
@ConfigurationProperties("management.server.undertow")
public class UndertideManagementServerProperties {

	private final Accesslog accesslog = new Accesslog();

	public Accesslog getAccesslog() {
		return this.accesslog;
	}

	public static class Accesslog {

		/**
		 * Put before the access log file name of the management server, so that its lines go to a file of
		 * their own.
		 */
		private String prefix = "management_";

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

	}

}
