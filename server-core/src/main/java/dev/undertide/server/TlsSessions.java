package dev.undertide.server;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import io.undertow.server.SSLSessionInfo;
import org.jspecify.annotations.Nullable;

/** What a TLS connection's session tells about the client, as the servlet and reactive requests show it. */
public final class TlsSessions {

	private TlsSessions() {
	}

	/** The session id in hexadecimal; empty where the protocol has none to show. */
	public static String sessionId(SSLSessionInfo session) {
		byte[] id = session.getSessionId();
		return (id != null) ? HexFormat.of().formatHex(id) : "";
	}

	/**
	 * The client's certificate chain, or {@code null} when it presented none. Never renegotiates to ask for
	 * one: whether to ask is {@code server.ssl.client-auth}.
	 */
	public static X509Certificate @Nullable [] clientCertificates(SSLSessionInfo session) {
		Certificate[] certificates;
		try {
			certificates = session.getPeerCertificates();
		}
		catch (Exception ex) {
			return null;
		}
		if (certificates == null || certificates.length == 0) {
			return null;
		}
		X509Certificate[] x509 = new X509Certificate[certificates.length];
		for (int i = 0; i < certificates.length; i++) {
			if (!(certificates[i] instanceof X509Certificate certificate)) {
				return null;
			}
			x509[i] = certificate;
		}
		return x509;
	}

}
