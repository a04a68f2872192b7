package app.atelier.style;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

@Configuration(proxyBeanMethods = false)
class StylesConfiguration {

    @Bean
    Styles styles() {
        return Styles.read(new ClassPathResource(Styles.FILE));
    }

}
