package org.opencarerecord.benchmark;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.PropertyPlaceholderHelper;

/** The demo feeds' tokens, read from the same application-demo.yml the service starts with. */
final class DemoTokens {

    private DemoTokens() {
    }

    static Map<String, String> tokensByOrganisation() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application-demo.yml"));
        Properties properties = yaml.getObject();
        PropertyPlaceholderHelper placeholders = new PropertyPlaceholderHelper("${", "}", ":", null, true);
        Map<String, String> tokens = new HashMap<>();
        for (int i = 0; properties.containsKey("care-record.sources[" + i + "].code"); i++) {
            String token = properties.getProperty("care-record.sources[" + i + "].feeds[0].token");
            if (token != null) {
                tokens.put(properties.getProperty("care-record.sources[" + i + "].code"),
                        placeholders.replacePlaceholders(token, System::getenv));
            }
        }
        return tokens;
    }
}
