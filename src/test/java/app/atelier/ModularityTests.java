package app.atelier;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void modulesDependOnEachOtherOnlyThroughTheirPublicSurface() {
        ApplicationModules.of(AtelierApplication.class).verify();
    }

}
