import '@crmkit/elements/bundle';
