package app.atelier;

import app.atelier.credentials.CredentialCommands;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@EnableAsync
public class AtelierApplication {

    public static void main(String[] args) {
        if (CredentialCommands.requested(args)) {
            System.exit(CredentialCommands.run(AtelierApplication.class, args));
        }
        SpringApplication.run(AtelierApplication.class, args);
    }

}
