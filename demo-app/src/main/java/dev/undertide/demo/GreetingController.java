package dev.undertide.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small JSON API: greetings stored in memory.
 */
@RestController
@RequestMapping("/api/greetings")
class GreetingController {

	private final Map<Long, Greeting> greetings = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	@GetMapping
	Greeting greet(@RequestParam(defaultValue = "World") String name) {
		return new Greeting(0, "Hello, " + name + "!");
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Greeting create(@Valid @RequestBody NewGreeting request) {
		long id = this.ids.incrementAndGet();
		Greeting greeting = new Greeting(id, request.message());
		this.greetings.put(id, greeting);
		return greeting;
	}

	@GetMapping("/{id}")
	Greeting find(@PathVariable long id) {
		Greeting greeting = this.greetings.get(id);
		if (greeting == null) {
			throw new GreetingNotFoundException(id);
		}
		return greeting;
	}

	@GetMapping("/fail")
	Greeting fail() {
		throw new IllegalStateException("This endpoint always fails");
	}

	@ExceptionHandler(GreetingNotFoundException.class)
	ResponseEntity<Map<String, Object>> notFound(GreetingNotFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", ex.getMessage(), "id", ex.id()));
	}

	record Greeting(long id, String message) {
	}

	record NewGreeting(@NotBlank @Size(max = 100) String message) {
	}

	static class GreetingNotFoundException extends RuntimeException {

		private final long id;

		GreetingNotFoundException(long id) {
			super("No greeting with id " + id);
			this.id = id;
		}

		long id() {
			return this.id;
		}

	}

}
