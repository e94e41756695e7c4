package dev.undertide.demo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An answer that comes later, without holding a server thread meanwhile.
 */
@RestController
class LaterController {

	@GetMapping("/later")
	CompletableFuture<String> later(@RequestParam(defaultValue = "500") long delayMillis) {
		return CompletableFuture.supplyAsync(() -> "answered after " + delayMillis + " ms",
				CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
	}

}
