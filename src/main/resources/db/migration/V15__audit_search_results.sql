-- A person's access history includes the searches that returned them (their name, address and date
-- of birth were shown): the people a person.search returned are in its details' "results".
CREATE INDEX audit_event_search_results ON audit_event USING gin (((details::jsonb) -> 'results'))
    WHERE action = 'person.search';
