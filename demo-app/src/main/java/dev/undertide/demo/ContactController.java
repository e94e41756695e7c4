package dev.undertide.demo;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A form post. Bound as a model attribute, so the same code reads the form on Spring MVC and on WebFlux.
 */
@RestController
class ContactController {

	@PostMapping("/contact")
	Map<String, String> contact(@Valid @ModelAttribute ContactForm form) {
		return Map.of("name", form.name(), "message", form.message(), "reply", "Thanks, " + form.name() + "!");
	}

	record ContactForm(@NotBlank String name, @NotBlank String message) {
	}

}
