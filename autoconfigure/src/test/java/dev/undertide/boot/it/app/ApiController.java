package dev.undertide.boot.it.app;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
public class ApiController {

	@GetMapping("/hello")
	public Map<String, String> hello(@RequestParam(defaultValue = "world") String name) {
		return Map.of("message", "Hello " + name);
	}

	@PostMapping("/echo")
	public EchoReply echo(@RequestBody Greeting greeting) {
		return new EchoReply(greeting.name(), greeting.count() + 1, greeting.tags().size());
	}

	@PostMapping("/validated")
	public Greeting validated(@Valid @RequestBody ValidatedGreeting greeting) {
		return new Greeting(greeting.name(), greeting.count(), List.of());
	}

	@GetMapping("/boom")
	public String boom() {
		throw new IllegalStateException("boom on purpose");
	}

	@GetMapping("/plain")
	public String plain() {
		return "plain";
	}

	@RequestMapping("/params")
	public Map<String, List<String>> params(HttpServletRequest request) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		request.getParameterMap().forEach((name, values) -> parameters.put(name, Arrays.asList(values)));
		return parameters;
	}

	@GetMapping("/paths")
	public Map<String, String> paths(HttpServletRequest request) {
		Map<String, String> paths = new LinkedHashMap<>();
		paths.put("contextPath", request.getContextPath());
		paths.put("servletPath", request.getServletPath());
		paths.put("pathInfo", String.valueOf(request.getPathInfo()));
		paths.put("requestUri", request.getRequestURI());
		return paths;
	}

	@GetMapping("/servlet-context")
	public Map<String, String> servletContext(HttpServletRequest request) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("greeting", String.valueOf(request.getServletContext().getInitParameter("greeting")));
		values.put("displayName", String.valueOf(request.getServletContext().getServletContextName()));
		return values;
	}

	public record Greeting(String name, int count, List<String> tags) {
	}

	public record EchoReply(String name, int nextCount, int tagCount) {
	}

	public record ValidatedGreeting(@NotBlank String name, @Min(1) int count) {
	}

}
