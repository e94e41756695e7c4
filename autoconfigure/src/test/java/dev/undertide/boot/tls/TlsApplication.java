package dev.undertide.boot.tls;

import java.security.cert.X509Certificate;

import dev.undertide.boot.it.streaming.app.BytePattern;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Shows what the application learns about the TLS connection, one {@code name=value} line each: on
 * {@code /tls} from the servlet request's attributes, or from the reactive request's {@link SslInfo}.
 * {@code /big} is 8 MiB of a known {@link BytePattern}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TlsApplication {

	static final int BIG_SIZE = 8 * 1024 * 1024;

	static final long BIG_SEED = 7;

	private static byte[] big() {
		return BytePattern.bytes(BIG_SEED, BIG_SIZE);
	}

	private static String client(X509Certificate @Nullable [] certificates) {
		return (certificates != null && certificates.length > 0) ? certificates[0].getSubjectX500Principal().getName()
				: "none";
	}

	@RestController
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletEndpoints {

		@GetMapping("/tls")
		String tls(HttpServletRequest request) {
			return String.join("\n", "secure=" + request.isSecure(), "scheme=" + request.getScheme(),
					"url=" + request.getRequestURL(),
					"client=" + client((X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate")),
					"protocol=" + request.getAttribute("jakarta.servlet.request.secure_protocol"),
					"cipher=" + request.getAttribute("jakarta.servlet.request.cipher_suite"),
					"keySize=" + request.getAttribute("jakarta.servlet.request.key_size"),
					"session=" + request.getAttribute("jakarta.servlet.request.ssl_session_id"));
		}

		@GetMapping("/big")
		byte[] big() {
			return TlsApplication.big();
		}

	}

	@Bean
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	RouterFunction<ServerResponse> reactiveEndpoints() {
		return RouterFunctions.route().GET("/tls", (request) -> {
			SslInfo ssl = request.exchange().getRequest().getSslInfo();
			return ServerResponse.ok()
				.bodyValue(String.join("\n", "secure=" + (ssl != null), "scheme=" + request.uri().getScheme(),
						"url=" + request.uri(), "client=" + ((ssl != null) ? client(ssl.getPeerCertificates()) : "none"),
						"session=" + ((ssl != null) ? ssl.getSessionId() : null)));
		}).GET("/big", (request) -> ServerResponse.ok().bodyValue(big())).build();
	}

}
