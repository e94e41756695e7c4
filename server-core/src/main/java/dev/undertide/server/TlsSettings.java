package dev.undertide.server;

import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.SslClientAuthMode;

/**
 * TLS on the listener: the context with its keys and trusted certificates, whether clients are asked for a
 * certificate, and the protocols and cipher suites allowed (empty for the JVM's defaults).
 */
public record TlsSettings(SSLContext context, ClientAuth clientAuth, List<String> protocols,
		List<String> cipherSuites) {

	public TlsSettings {
		Objects.requireNonNull(context, "context");
		Objects.requireNonNull(clientAuth, "clientAuth");
		protocols = List.copyOf(protocols);
		cipherSuites = List.copyOf(cipherSuites);
	}

	/** Whether the server asks the client for a certificate, and whether the handshake needs one. */
	public enum ClientAuth {

		NONE(SslClientAuthMode.NOT_REQUESTED), WANT(SslClientAuthMode.REQUESTED), NEED(SslClientAuthMode.REQUIRED);

		private final SslClientAuthMode mode;

		ClientAuth(SslClientAuthMode mode) {
			this.mode = mode;
		}

	}

	/** The XNIO options undertow's TLS listener reads these settings from. */
	OptionMap listenerOptions() {
		OptionMap.Builder options = OptionMap.builder().set(Options.SSL_CLIENT_AUTH_MODE, this.clientAuth.mode);
		if (!this.protocols.isEmpty()) {
			options.setSequence(Options.SSL_ENABLED_PROTOCOLS, this.protocols.toArray(String[]::new));
		}
		if (!this.cipherSuites.isEmpty()) {
			options.setSequence(Options.SSL_ENABLED_CIPHER_SUITES, this.cipherSuites.toArray(String[]::new));
		}
		return options.getMap();
	}

}
