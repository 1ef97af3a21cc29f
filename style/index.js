import './base.css';
import './form.css';
import './instances.css';
