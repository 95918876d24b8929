-- resource keys of bindings are 'group:' or 'user:' followed by an id of up to 255 characters
ALTER TABLE ${prefix}audit ALTER COLUMN resource_key SET DATA TYPE VARCHAR(512);
