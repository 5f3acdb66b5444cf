// Runs before the first paint (a classic script in <head>, not a module): a tab that is signed in (its
// token in sessionStorage, see session.js) shows its workspace from the first frame instead of an empty
// page until every module has loaded and run; main.js then fills it in. Nothing else is done here.
if (sessionStorage.getItem('airdisplay.token'))
    document.documentElement.dataset.session = 'saved';
