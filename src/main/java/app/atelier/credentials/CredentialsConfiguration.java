package app.atelier.credentials;

import app.atelier.platform.DataDirectory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Builds the cipher from the keyset, and checks at startup that every stored credential still opens with it. */
@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

    @Bean
    CredentialCipher credentialCipher(Environment environment, CredentialsProperties properties, DataDirectory dataDirectory) {
        return new CredentialCipher(CredentialKeyset.load(environment, properties, dataDirectory));
    }

}
