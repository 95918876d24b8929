-- resource keys of bindings are 'group:' or 'user:' followed by an id of up to 255 characters
ALTER TABLE ${prefix}audit MODIFY resource_key VARCHAR(512) NULL;
