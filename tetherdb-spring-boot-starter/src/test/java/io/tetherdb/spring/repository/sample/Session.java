package io.tetherdb.spring.repository.sample;

import java.time.Duration;

import io.tetherdb.spring.mapping.DocumentCollection;
import io.tetherdb.spring.mapping.Expires;
import io.tetherdb.spring.mapping.Indexed;
import io.tetherdb.spring.mapping.TimeToLive;

import org.springframework.data.annotation.Id;

/**
 * An entity that expires: after 300 ms by default, or after its own time-to-live.
 */
@DocumentCollection("sessions")
@Expires(after = "300ms")
public class Session {

    @Id
    private String id;

    @Indexed(unique = true)
    private String user;

    @TimeToLive
    private Duration ttl;

    public Session() {
    }

    public Session(String user, Duration ttl) {
        this.user = user;
        this.ttl = ttl;
    }

    public String getId() {
        return this.id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getUser() {
        return this.user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public Duration getTtl() {
        return this.ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

}
