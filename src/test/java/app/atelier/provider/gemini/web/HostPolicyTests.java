package app.atelier.provider.gemini.web;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostPolicyTests {

    private final HostPolicy google = new HostPolicy("google.com",
            List.of("lh3.googleusercontent.com", "work.fife.usercontent.google.com", "*.googleusercontent.com"));

    @Test
    void sendsCookiesToTheCookieDomainAndItsSubdomainsOnly() {
        assertThat(google.receivesCookies(URI.create("https://gemini.google.com/app"))).isTrue();
        assertThat(google.receivesCookies(URI.create("https://accounts.google.com/RotateCookies"))).isTrue();
        assertThat(google.receivesCookies(URI.create("https://work.fife.usercontent.google.com/rd-gg-dl/x"))).isTrue();
        assertThat(google.receivesCookies(URI.create("https://google.com/"))).isTrue();
        assertThat(google.receivesCookies(URI.create("https://lh3.googleusercontent.com/gg-dl/x"))).isFalse();
        assertThat(google.receivesCookies(URI.create("https://evilgoogle.com/"))).isFalse();
        assertThat(google.receivesCookies(URI.create("https://google.com.evil.example/"))).isFalse();
        assertThat(google.receivesCookies(URI.create("ftp://gemini.google.com/"))).isFalse();
    }

    @Test
    void allowsImagesFromTheListedHostsAndWildcardSiblingsOnly() {
        assertThat(google.imageHostAllowed(URI.create("https://lh3.googleusercontent.com/gg-dl/x"))).isTrue();
        assertThat(google.imageHostAllowed(URI.create("https://lh5.googleusercontent.com/gg-dl/x"))).isTrue();
        assertThat(google.imageHostAllowed(URI.create("https://work.fife.usercontent.google.com/rd-gg-dl/x"))).isTrue();
        assertThat(google.imageHostAllowed(URI.create("https://googleusercontent.com/x"))).isFalse();
        assertThat(google.imageHostAllowed(URI.create("https://gemini.google.com/app"))).isFalse();
        assertThat(google.imageHostAllowed(URI.create("http://169.254.169.254/latest/meta-data"))).isFalse();
        assertThat(google.imageHostAllowed(URI.create("http://127.0.0.1:8080/admin"))).isFalse();
        assertThat(google.imageHostAllowed(URI.create("https://lh3.googleusercontent.com.evil.example/x"))).isFalse();
        assertThat(google.imageHostAllowed(URI.create("https://user@lh3.googleusercontent.com/x"))).isFalse();
        assertThat(google.imageHostAllowed(URI.create("file:///etc/passwd"))).isFalse();
    }

}
