package dev.undertide.boot.compression;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code /body?size=N&type=T}: {@code N} bytes of repetitive text with content type {@code T}, from a
 * controller in a servlet application or a route in a reactive one.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class CompressionApplication {

	static String text(int size) {
		return "compress me please ".repeat(size / 19 + 1).substring(0, size);
	}

	@RestController
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletEndpoints {

		@GetMapping("/body")
		ResponseEntity<String> body(@RequestParam int size, @RequestParam String type) {
			return ResponseEntity.ok().contentType(MediaType.parseMediaType(type)).body(text(size));
		}

	}

	@Bean
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	RouterFunction<ServerResponse> reactiveEndpoints() {
		return RouterFunctions.route()
			.GET("/body", (request) -> ServerResponse.ok()
				.contentType(MediaType.parseMediaType(request.queryParam("type").orElseThrow()))
				.bodyValue(text(Integer.parseInt(request.queryParam("size").orElseThrow()))))
			.build();
	}

}
