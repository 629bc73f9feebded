package org.opencarerecord;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The shared care record. With no arguments (or Spring options only) it runs the service;
 * {@code generate ...} writes a synthetic region and {@code benchmark ...} measures the service.
 */
@SpringBootApplication
public class CareRecordApplication {

    public static void main(String[] args) {
        SpringApplication.run(CareRecordApplication.class, args);
    }
}
