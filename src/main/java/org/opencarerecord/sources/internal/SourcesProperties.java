package org.opencarerecord.sources.internal;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code care-record.sources}: the organisations and their feeds, loaded at start. */
@ConfigurationProperties("care-record")
public class SourcesProperties {

    private List<Organisation> sources = new ArrayList<>();

    public List<Organisation> getSources() {
        return sources;
    }

    public void setSources(List<Organisation> sources) {
        this.sources = sources;
    }

    public static class Organisation {
        private String code;
        private String name;
        private String kind;
        private String phone;
        private String email;
        private String address;
        private List<FeedSetting> feeds = new ArrayList<>();

        public String getCode() { return code; }
        public void setCode(String code) { this.code = code; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getKind() { return kind; }
        public void setKind(String kind) { this.kind = kind; }
        public String getPhone() { return phone; }
        public void setPhone(String phone) { this.phone = phone; }
        public String getEmail() { return email; }
        public void setEmail(String email) { this.email = email; }
        public String getAddress() { return address; }
        public void setAddress(String address) { this.address = address; }
        public List<FeedSetting> getFeeds() { return feeds; }
        public void setFeeds(List<FeedSetting> feeds) { this.feeds = feeds; }
    }

    public static class FeedSetting {
        private String id;
        private String name;
        private String kind = "fhir-push";
        private String token;
        private boolean rejectOutOfScope;
        private boolean rejectInvalidNhsNumber;
        private String sendingFacility;
        private String dropDirectory;
        private boolean fullExtract;
        private List<String> categories = new ArrayList<>();
        private String content = "structured";
        private String cadence = "real-time";

        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getKind() { return kind; }
        public void setKind(String kind) { this.kind = kind; }
        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
        public boolean isRejectOutOfScope() { return rejectOutOfScope; }
        public void setRejectOutOfScope(boolean rejectOutOfScope) { this.rejectOutOfScope = rejectOutOfScope; }
        public List<String> getCategories() { return categories; }
        public void setCategories(List<String> categories) { this.categories = categories; }
        public String getContent() { return content; }
        public void setContent(String content) { this.content = content; }
        public String getCadence() { return cadence; }
        public void setCadence(String cadence) { this.cadence = cadence; }
        public boolean isFullExtract() { return fullExtract; }
        public void setFullExtract(boolean fullExtract) { this.fullExtract = fullExtract; }
        public String getDropDirectory() { return dropDirectory; }
        public void setDropDirectory(String dropDirectory) { this.dropDirectory = dropDirectory; }
        public String getSendingFacility() { return sendingFacility; }
        public void setSendingFacility(String sendingFacility) { this.sendingFacility = sendingFacility; }
        public boolean isRejectInvalidNhsNumber() { return rejectInvalidNhsNumber; }
        public void setRejectInvalidNhsNumber(boolean rejectInvalidNhsNumber) { this.rejectInvalidNhsNumber = rejectInvalidNhsNumber; }
    }
}
