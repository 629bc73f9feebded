package org.opencarerecord;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The capabilities talk only through each other's root-package API (no reaching into another's
 * internal package) and never in a cycle.
 */
class ModuleStructureTest {

    @Test
    void capabilitiesRespectEachOthersBoundaries() {
        ApplicationModules modules = ApplicationModules.of(CareRecordApplication.class);
        modules.verify();
    }
}
